// Generated from xinfang-print's command catalogue (commands::typescript_command_map). Do not edit.
import type { NoArgs } from "./NoArgs";
import type { PrintPreview } from "./PrintPreview";
import type { PrintPreviewed } from "./PrintPreviewed";
import type { PrintSave } from "./PrintSave";
import type { PrintSaved } from "./PrintSaved";
import type { PrintSend } from "./PrintSend";
import type { PrintSent } from "./PrintSent";
import type { PrintTargets } from "./PrintTargets";

export type PrintCommands = {
  /** 打印预览：文书排版后的每一页 */
  print_preview: { args: PrintPreview; output: PrintPreviewed };
  /** 另存为 PDF（或存档用 PDF/A）到指定文件夹；调解协议记入打印记录 */
  print_save: { args: PrintSave; output: PrintSaved };
  /** 送系统打印机打印；调解协议记入打印记录 */
  print_send: { args: PrintSend; output: PrintSent };
  /** 本机的打印机和建议的保存位置 */
  print_targets: { args: NoArgs; output: PrintTargets };
};

export type PrintCommandName = keyof PrintCommands;
