import { Skeleton } from 'antd';

/** What a screen shows while its code or first answer is on the way. */
export function PageLoading() {
  return <Skeleton active paragraph={{ rows: 6 }} data-testid="page-loading" />;
}
