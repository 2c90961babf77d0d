import 'reflect-metadata';
import { runService } from '@sme/runtime';
import { AppModule } from './app.module';

runService('scoring', (config) => AppModule.forRoot(config), {
  zhName: '评审服务',
  title: '评审服务 scoring',
  description: 'Expert pool, assignments and panel scoring / 专家评审',
});
