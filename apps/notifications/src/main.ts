import 'reflect-metadata';
import { bootstrapService, loadConfig } from '@sme/runtime';
import { AppModule } from './app.module';

async function main(): Promise<void> {
  const config = loadConfig('notifications');
  await bootstrapService(AppModule.forRoot(config), config, {
    title: '通知服务 notifications',
    description: 'In-app inbox; email and SMS come next / 站内消息',
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`notifications service failed to start / 通知服务启动失败: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
