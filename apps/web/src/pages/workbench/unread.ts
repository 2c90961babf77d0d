import { createContext, useContext } from 'react';

/** The message centre's unread count, shown as a badge in the header; `refresh` asks the inbox again. */
export const UnreadContext = createContext<{ count: number; refresh: () => void }>({ count: 0, refresh: () => undefined });

export const useUnread = () => useContext(UnreadContext);
