// Generated from xinfang-sync's command catalogue (commands::typescript_command_map). Do not edit.
import type { EnrolledPeer } from "./EnrolledPeer";
import type { ExportedBundle } from "./ExportedBundle";
import type { ImportReport } from "./ImportReport";
import type { NoArgs } from "./NoArgs";
import type { Place } from "./Place";
import type { SyncEnrol } from "./SyncEnrol";
import type { SyncExport } from "./SyncExport";
import type { SyncIdentity } from "./SyncIdentity";
import type { SyncIdentityArgs } from "./SyncIdentityArgs";
import type { SyncImport } from "./SyncImport";
import type { SyncOverHttp } from "./SyncOverHttp";
import type { SyncRevoke } from "./SyncRevoke";
import type { SyncedOverHttp } from "./SyncedOverHttp";

export type SyncCommands = {
  /** 本机设备：编号、名称、角色和指纹；可同时保存本机的设备登记文件 */
  sync_identity: { args: SyncIdentityArgs; output: SyncIdentity };
  /** 登记对方设备：读取对方的设备登记文件，输入对方屏幕上的指纹核对无误后登记 */
  sync_enrol: { args: SyncEnrol; output: EnrolledPeer };
  /** 注销对方设备（如电脑丢失）：此后它的数据包一律拒收 */
  sync_revoke: { args: SyncRevoke; output: EnrolledPeer };
  /** 导出数据包到 U 盘或文件夹（村：对方未确认的变更，过大时分成几个包；乡镇：给某村的回执） */
  sync_export: { args: SyncExport; output: Array<ExportedBundle> };
  /** 导入数据包：文件，或文件夹里的全部数据包（按文件名顺序）；每个文件各自报告结果 */
  sync_import: { args: SyncImport; output: ImportReport };
  /** 通过网络与乡镇服务器同步一次：上传未确认的变更，取回回执 */
  sync_over_http: { args: SyncOverHttp; output: SyncedOverHttp };
  /** 可用于导出和导入的 U 盘（移动存储）位置 */
  sync_places: { args: NoArgs; output: Array<Place> };
};

export type SyncCommandName = keyof SyncCommands;
