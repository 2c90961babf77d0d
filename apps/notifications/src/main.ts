import 'reflect-metadata';
import { runService } from '@sme/runtime';
import { AppModule } from './app.module';

runService('notifications', (config) => AppModule.forRoot(config), {
  zhName: '通知服务',
  title: '通知服务 notifications',
  description: 'In-app inbox; email and SMS come next / 站内消息',
});
