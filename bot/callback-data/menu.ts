import { callbackData } from './callback-data.js';

export const MENU_SECTIONS = ['accounts', 'contacts', 'campaigns', 'privacy', 'help', 'home'] as const;
export type MenuSection = (typeof MENU_SECTIONS)[number];

/** Main-menu navigation buttons. */
export const menuData = callbackData('menu', ['section']);

export function parseMenuSection(data: string): MenuSection | null {
  const section = menuData.unpack(data)?.section;
  return (MENU_SECTIONS as readonly string[]).includes(section ?? '') ? (section as MenuSection) : null;
}
