import { InlineKeyboard } from 'grammy';
import { menuData } from '../callback-data/menu.js';

type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** The main menu: one button per section. */
export function mainMenuKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('menu-accounts'), menuData.pack({ section: 'accounts' }))
    .text(t('menu-contacts'), menuData.pack({ section: 'contacts' }))
    .row()
    .text(t('menu-campaigns'), menuData.pack({ section: 'campaigns' }))
    .text(t('menu-privacy'), menuData.pack({ section: 'privacy' }))
    .row()
    .text(t('menu-help'), menuData.pack({ section: 'help' }));
}

/** A single "back to menu" button. */
export function backToMenuKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard().text(t('menu-back'), menuData.pack({ section: 'home' }));
}
