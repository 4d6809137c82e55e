import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { type AuthenticatedUser, CurrentUser, Roles } from '@chairside/platform';
import { DirectoryLocation } from './directory.entities.js';

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
  @Roles('analyst', 'admin')
  @ApiOkResponse({ type: [DirectoryLocationView] })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<DirectoryLocationView[]> {
    const where =
      user.locations === '*' ? { organisationId: user.org } : { organisationId: user.org, locationId: In([...user.locations]) };
    const rows = await this.dataSource.getRepository(DirectoryLocation).find({ where, order: { name: 'ASC' } });
    return rows.map((r) => ({ locationId: r.locationId, name: r.name, timeZone: r.timeZone, chairCount: r.chairCount }));
  }
}
