import { Module } from '@nestjs/common';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';

/** Staff's global search over applications and the register of platforms. */
@Module({ controllers: [SearchController], providers: [SearchService] })
export class SearchModule {}
