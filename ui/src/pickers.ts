// The system's file chooser (tauri-plugin-dialog: GTK on Linux, the Windows
// dialog), for the 选择… buttons beside typed paths. Each picker resolves to
// the one path chosen, or null when the user cancelled or the chooser could
// not open (said in a message; a typed path still works). The path then goes
// to the core like a typed one, and the core checks it. Kept in this one
// module so the pages' tests replace it; WebDriver cannot drive a native
// dialog either, which is one reason every typed path field stays.
import { open, type DialogFilter } from '@tauri-apps/plugin-dialog'
import { inTauri, NOT_IN_APP } from './api'
import { showError } from './notify'

/**
 * A filter over these extensions in both cases: GTK 3 matches patterns
 * case-sensitively, and phones and cameras name files IMG_0001.JPG / .HEIC.
 */
function filter(name: string, extensions: string[]): DialogFilter {
  return { name, extensions: extensions.flatMap((e) => [e, e.toUpperCase()]) }
}

/** What attachment_add accepts (the core tells the type from the bytes; this only narrows the list). */
const ATTACHMENT_FILTER = filter('照片/扫描件/PDF', ['jpg', 'jpeg', 'png', 'heic', 'heif', 'webp', 'tif', 'tiff', 'pdf'])
const BUNDLE_FILTER = filter('数据包', ['xfb'])
const ENROLMENT_FILTER = filter('设备登记文件', ['json'])
const BACKUP_FILTER = filter('台账备份', ['sqlite3'])

async function one(title: string, options: { directory?: boolean; filters?: DialogFilter[] }, start?: string) {
  try {
    if (!inTauri()) throw NOT_IN_APP
    const s = start?.trim()
    // Never `multiple`, so the answer is one path or null.
    const picked = await open({ title, ...options, multiple: false, ...(s ? { defaultPath: s } : {}) })
    return picked as string | null
  } catch (e) {
    showError(e)
    return null
  }
}

/** A photo, scan or PDF to attach; starts where `start` (the typed path) points. */
export function pickAttachment(start?: string): Promise<string | null> {
  return one('选择要添加的附件（照片、扫描件或 PDF）', { filters: [ATTACHMENT_FILTER] }, start)
}

/** One bundle file to import. */
export function pickBundle(start?: string): Promise<string | null> {
  return one('选择数据包', { filters: [BUNDLE_FILTER] }, start)
}

/** The other device's enrolment file. */
export function pickEnrolment(start?: string): Promise<string | null> {
  return one('选择对方的设备登记文件', { filters: [ENROLMENT_FILTER] }, start)
}

/** A ledger backup to restore from (信访台账备份-….sqlite3, or a 恢复前 copy). */
export function pickBackup(start?: string): Promise<string | null> {
  return one('选择要恢复的台账备份文件', { filters: [BACKUP_FILTER] }, start)
}

/** A folder (a USB stick, where to save, a folder of bundles), titled by what it is for. */
export function pickFolder(title: string, start?: string): Promise<string | null> {
  return one(title, { directory: true }, start)
}
