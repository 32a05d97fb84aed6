// Generated from xinfang-core's command catalogue (commands::typescript_command_map). Do not edit.
import type { CaseDetail } from "./CaseDetail";
import type { CaseId } from "./CaseId";
import type { CasePage } from "./CasePage";
import type { CaseQuery } from "./CaseQuery";
import type { CaseTransition } from "./CaseTransition";
import type { CaseVoid } from "./CaseVoid";
import type { Categories } from "./Categories";
import type { ChainCheck } from "./ChainCheck";
import type { DeviceInfo } from "./DeviceInfo";
import type { DeviceInit } from "./DeviceInit";
import type { NoArgs } from "./NoArgs";
import type { TimeLimits } from "./TimeLimits";
import type { VisitAdded } from "./VisitAdded";
import type { VisitInput } from "./VisitInput";

export type Commands = {
  /** 查看本机台账的角色和名称 */
  device_show: { args: NoArgs; output: DeviceInfo };
  /** 初始化本机台账：角色（village 村 / township 乡镇）与名称 */
  device_init: { args: DeviceInit; output: DeviceInfo };
  /** 登记一次来访、来信、来电等（重复访请填 repeat_of） */
  visit_add: { args: VisitInput; output: VisitAdded };
  /** 台账列表：按状态、类别、村、渠道、日期筛选，按任意文字搜索，分页 */
  case_list: { args: CaseQuery; output: CasePage };
  /** 查看一件信访事项：来访记录、办理过程、期限 */
  case_show: { args: CaseId; output: CaseDetail };
  /** 办理一步：委托、代言代访、反馈结果、本级调处、导入法律程序、回访、延期、结案 */
  case_transition: { args: CaseTransition; output: CaseDetail };
  /** 作废一件登记错误的信访事项（保留记录并注明原因） */
  case_void: { args: CaseVoid; output: CaseDetail };
  /** 信访和纠纷的类别清单 */
  categories: { args: NoArgs; output: Categories };
  /** 办理时限设置（默认值为法定时限） */
  time_limits: { args: NoArgs; output: TimeLimits };
  /** 校验变更日志的哈希链是否完整 */
  chain_verify: { args: NoArgs; output: ChainCheck };
};

export type CommandName = keyof Commands;
