import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';

/** Sign-in and the accounts (dev users seeded outside production). */
@Module({ controllers: [AuthController], providers: [AuthService] })
export class AuthModule {}
