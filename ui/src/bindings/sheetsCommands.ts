// Generated from xinfang-sheets's command catalogue (commands::typescript_command_map). Do not edit.
import type { LedgerFile } from "./LedgerFile";
import type { LedgerPreview } from "./LedgerPreview";
import type { ReportXlsx } from "./ReportXlsx";
import type { XlsxSaved } from "./XlsxSaved";

export type SheetsCommands = {
  /** 统计报表另存为 Excel（.xlsx）到指定文件夹，不覆盖已有文件 */
  report_xlsx: { args: ReportXlsx; output: XlsxSaved };
  /** 台账导入预览：读取 Excel 台账，列出将登记的各行和每行的错误，不写入 */
  ledger_import_preview: { args: LedgerFile; output: LedgerPreview };
  /** 台账导入：Excel 台账各行登记为信访事项；有任何错误则一行也不导入，已在台账中的行跳过 */
  ledger_import: { args: LedgerFile; output: LedgerPreview };
};

export type SheetsCommandName = keyof SheetsCommands;
