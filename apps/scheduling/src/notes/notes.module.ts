import { Module } from '@nestjs/common';
import { AddNoteUseCase } from './add-note/add-note.use-case.js';
import { NotesController } from './notes.controller.js';
import { NotesQuery } from './notes.query.js';

@Module({ controllers: [NotesController], providers: [AddNoteUseCase, NotesQuery] })
export class NotesModule {}
