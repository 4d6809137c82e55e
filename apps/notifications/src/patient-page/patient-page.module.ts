import { Module } from '@nestjs/common';
import { Renderer } from '../rendering/renderer.js';
import { AnswerByLinkUseCase } from './answer-by-link/answer-by-link.use-case.js';
import { PatientPageController } from './patient-page.controller.js';
import { PatientPageQuery } from './patient-page.query.js';

/** The page a patient opens from the signed link in a message: their appointment, and confirm, cancel or take a held time. */
@Module({
  controllers: [PatientPageController],
  providers: [PatientPageQuery, AnswerByLinkUseCase, Renderer],
})
export class PatientPageModule {}
