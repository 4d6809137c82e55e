import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { type AuthenticatedUser, cappedListQuery, cappedPage, CurrentUser, Roles } from '@chairside/platform';
import { DirectoryLocation } from './directory.entities.js';

/** The centers a request lists at most, as scheduling's GET /locations. */
export const MAX_DIRECTORY_LISTED = 500;
export class DirectoryListQueryDto extends cappedListQuery(MAX_DIRECTORY_LISTED, 'locations') {}

export class DirectoryLocationView {
  @ApiProperty() locationId!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ nullable: true, type: String }) timeZone!: string | null;
  @ApiProperty() chairCount!: number;
}

@ApiTags('reports')
@Controller('reports/locations')
export class DirectoryController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  // The manager's console lists the centers their reports cover (scheduling lists none to a manager).
  @Roles('analyst', 'admin', 'manager')
  @ApiOkResponse({ type: [DirectoryLocationView], description: `By name, at most ${MAX_DIRECTORY_LISTED} a request.` })
  async list(@Query() page: DirectoryListQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<DirectoryLocationView[]> {
    const where =
      user.locations === '*' ? { organisationId: user.org } : { organisationId: user.org, locationId: In([...user.locations]) };
    const rows = await this.dataSource
      .getRepository(DirectoryLocation)
      .find({ where, order: { name: 'ASC', locationId: 'ASC' }, ...cappedPage(page, MAX_DIRECTORY_LISTED) });
    return rows.map((r) => ({ locationId: r.locationId, name: r.name, timeZone: r.timeZone, chairCount: r.chairCount }));
  }
}
