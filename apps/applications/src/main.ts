import 'reflect-metadata';
import { runService } from '@sme/runtime';
import { AppModule } from './app.module';

runService('applications', (config) => AppModule.forRoot(config), {
  zhName: '申报服务',
  title: '申报服务 applications',
  description: 'Calls, applications and their workflow status / 年度申报、申报材料与流程状态',
});
