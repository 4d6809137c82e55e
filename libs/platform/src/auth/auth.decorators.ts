import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@chairside/domain';
import type { AuthenticatedUser } from './auth.types.js';

export const IS_PUBLIC = 'chairside:public';
export const REQUIRED_ROLES = 'chairside:roles';
export const ORGANISATION_WIDE = 'chairside:organisation-wide';

/** Health, metrics and API docs only. Everything else needs a token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Any one of these roles is enough. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The endpoint acts on the whole organisation (e.g. registering a location): needs a '*' location grant. */
export const OrganisationWide = () => SetMetadata(ORGANISATION_WIDE, true);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthenticatedUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user;
});
