// Generated from xinfang-app's command catalogue (commands::typescript_command_map). Do not edit.
import type { DemoStatus } from "./DemoStatus";
import type { NoArgs } from "./NoArgs";

export type ShellCommands = {
  /** 打开演示台账（培训用，内容都是虚构的；本机台账不受影响） */
  demo_start: { args: NoArgs; output: DemoStatus };
  /** 退出演示：回到本机台账，演示台账文件删除 */
  demo_end: { args: NoArgs; output: DemoStatus };
  /** 是否正在使用演示台账 */
  demo_status: { args: NoArgs; output: DemoStatus };
};

export type ShellCommandName = keyof ShellCommands;
