import 'reflect-metadata';
import { bootstrapService, loadConfig } from '@sme/runtime';
import { AppModule } from './app.module';

async function main(): Promise<void> {
  const config = loadConfig('applications');
  await bootstrapService(AppModule.forRoot(config), config, {
    title: '申报服务 applications',
    description: 'Calls, applications and their workflow status / 年度申报、申报材料与流程状态',
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`applications service failed to start / 申报服务启动失败: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
