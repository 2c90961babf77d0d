import { Module } from '@nestjs/common';
import { AccountAdminController } from './account-admin.controller';
import { AccountAdminService } from './account-admin.service';
import { AccountMailSender } from './account-mail';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { OidcController } from './oidc.controller';
import { OidcService } from './oidc.service';
import { RegistrationController } from './registration.controller';
import { RegistrationService } from './registration.service';
import { RevocationPublisher } from './revocations';

/**
 * The accounts room: sign-in and sessions, passwords and one-time links, account administration, institutions'
 * registration and its verification by staff, and what every
 * service needs to refuse a revoked token (the revocation publisher). Development users are seeded outside
 * production; administrators never are.
 */
@Module({
  controllers: [AuthController, OidcController, AccountAdminController, RegistrationController],
  providers: [AuthService, OidcService, AccountAdminService, RegistrationService, AccountMailSender, RevocationPublisher],
  exports: [AuthService],
})
export class AccountsModule {}
