import { Module } from '@nestjs/common';
import { DirectoryConsumer } from './directory.consumer.js';

/** Sessions' copy of scheduling's locations, chairs, nurses and therapy schedules (tables directory_*). */
@Module({ controllers: [DirectoryConsumer] })
export class DirectoryModule {}
