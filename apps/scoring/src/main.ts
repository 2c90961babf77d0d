import 'reflect-metadata';
import { bootstrapService, loadConfig } from '@sme/runtime';
import { AppModule } from './app.module';

async function main(): Promise<void> {
  const config = loadConfig('scoring');
  await bootstrapService(AppModule.forRoot(config), config, {
    title: '评审服务 scoring',
    description: 'Expert pool, assignments and panel scoring / 专家评审',
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`scoring service failed to start / 评审服务启动失败: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
