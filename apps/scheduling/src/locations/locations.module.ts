import { Module } from '@nestjs/common';
import { AddChairUseCase } from './add-chair/add-chair.use-case.js';
import { LocationsController } from './locations.controller.js';
import { RegisterLocationUseCase } from './register-location/register-location.use-case.js';
import { UpdateChairUseCase } from './update-chair/update-chair.use-case.js';
import { UpdateLocationUseCase } from './update-location/update-location.use-case.js';

@Module({
  controllers: [LocationsController],
  providers: [RegisterLocationUseCase, UpdateLocationUseCase, AddChairUseCase, UpdateChairUseCase],
})
export class LocationsModule {}
