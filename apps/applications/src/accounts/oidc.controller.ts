import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@sme/auth';
import type { Request, Response } from 'express';
import { SsoSessionDto } from './account.dtos';
import type { SignedIn } from './auth.service';
import { HttpStatus } from '@nestjs/common';
import { DomainProblem, Refuses } from '@sme/runtime';
import { createHash } from 'node:crypto';
import { OIDC_COOKIE, OidcService } from './oidc.service';

const OIDC_HANDOVER_COOKIE = 'sme_oidc_handover';
/** What the hand-over cookie holds: the token's digest (the token itself travels only in the fragment). */
/** One cookie's raw value (the services parse no cookies but these two). */
const cookieOf = (req: Request, name: string): string | undefined =>
  (req.headers.cookie ?? '').split(/;\s*/).find((c) => c.startsWith(`${name}=`))?.slice(name.length + 1);
const handoverBinding = (token: string): string => createHash('sha256').update(`handover|${token}`).digest('base64url');
import { Throttled } from './throttling';

/** Single sign-on (OpenID Connect): the browser goes to the identity service and comes back with a hand-over token. */
@ApiTags('auth')
@Controller('api/auth/oidc')
export class OidcController {
  constructor(private readonly sut: OidcService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: '是否启用统一身份认证 / whether single sign-on is offered, and its name' })
  info(): { enabled: boolean; displayName: string | null } {
    return { enabled: !!this.sut.settings, displayName: this.sut.settings?.displayName ?? null };
  }

  @Get('start')
  @Public()
  @Throttled('auth')
  @ApiOperation({ summary: '跳转至统一身份认证 / go to the identity service (302)' })
  @ApiResponse({ status: 302, description: '跳转至统一身份认证 / to the identity service (Location)' })
  @Refuses(404, '未启用统一身份认证 / single sign-on is not configured', ['oidc-off'])
  async start(@Res() res: Response): Promise<void> {
    const { url, cookie } = await this.sut.start();
    res.cookie(OIDC_COOKIE, cookie, { httpOnly: true, sameSite: 'lax', secure: this.publicIsHttps(), path: '/', maxAge: 600_000 });
    res.redirect(302, url);
  }

  @Get('callback')
  @Public()
  @Throttled('auth')
  @ApiOperation({ summary: '统一身份认证回调（302 回到页面）/ the identity service\'s redirect back (302 to the screens)' })
  @ApiResponse({ status: 302, description: '回到页面（成功时带一次性令牌，失败时带原因）/ back to the screens (a hand-over token, or why not)' })
  @Refuses(404, '未启用统一身份认证 / single sign-on is not configured', ['oidc-off'])
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.sut.settings) throw this.sut.off();
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
    const cookie = cookieOf(req, OIDC_COOKIE);
    res.clearCookie(OIDC_COOKIE, { path: '/' });
    const publicUrl = this.sut.publicUrl;
    try {
      const token = await this.sut.callback(query, cookie ? decodeURIComponent(cookie) : undefined);
      // The hand-over works only in this browser: a token sent to someone else (to sign them in as oneself) does not.
      res.cookie(OIDC_HANDOVER_COOKIE, handoverBinding(token), { httpOnly: true, sameSite: 'lax', secure: this.publicIsHttps(), path: '/', maxAge: 120_000 });
      res.redirect(302, `${publicUrl}/account/oidc#token=${token}`);
    } catch (err) {
      // The screen says why (the problem's slug); nothing of the provider's answer goes into the URL.
      const slug = (err as { slug?: string }).slug ?? 'oidc-refused';
      res.redirect(302, `${publicUrl}/sign-in#oidc-error=${encodeURIComponent(slug)}`);
    }
  }

  @Post('session')
  @Public()
  @Throttled('auth')
  @HttpCode(200)
  @ApiOperation({ summary: '以一次性令牌换取会话 / trade the hand-over token for a session' })
  @Refuses(403, '须在发起登录的浏览器中完成 / not the browser that started the sign-in', ['oidc-state'])
  @Refuses(404, '未启用统一身份认证 / single sign-on is not configured', ['oidc-off'])
  session(@Body() dto: SsoSessionDto, @Req() req: Request): Promise<SignedIn> {
    const bound = cookieOf(req, OIDC_HANDOVER_COOKIE);
    if (bound !== handoverBinding(dto.token)) {
      throw new DomainProblem(HttpStatus.FORBIDDEN, 'oidc-state', { zh: '登录须在发起登录的浏览器中完成，请重新登录', en: 'finish the sign-in in the browser that started it: sign in again' });
    }
    return this.sut.session(dto.token, dto.totp);
  }

  private publicIsHttps(): boolean {
    return this.sut.publicUrl.startsWith('https:');
  }
}
