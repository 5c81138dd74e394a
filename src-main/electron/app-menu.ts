// The application menu. Electron installs a default one when an app sets none, and it has Reload
// (Ctrl+R, F5) and Toggle Developer Tools: a reload throws the form's unsaved edits away without
// asking, and the tools have no place in a packaged app that holds secrets. So the menu is set
// explicitly: on macOS what a Mac app needs (the app menu, Edit for copy and paste in the fields,
// Window); elsewhere none at all (Chromium handles copy and paste in fields by itself).
import type { MenuItemConstructorOptions } from 'electron';

export function applicationMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] | null {
  if (platform !== 'darwin') return null;
  return [
    {
      role: 'appMenu',
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'windowMenu' },
  ];
}
