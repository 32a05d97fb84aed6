// Generated from xinfang-app's command catalogue (commands::typescript_command_map). Do not edit.
import type { NewAccount } from "./NewAccount";
import type { NoArgs } from "./NoArgs";
import type { SessionStatus } from "./SessionStatus";
import type { SignIn } from "./SignIn";

export type SessionCommands = {
  /** 是否已设置账号、谁已登录 */
  session_status: { args: NoArgs; output: SessionStatus };
  /** 设置第一个账号和口令：建立加密台账（已有的旧台账加密后保留全部记录） */
  session_set_up: { args: NewAccount; output: SessionStatus };
  /** 登录：姓名和口令 */
  session_sign_in: { args: SignIn; output: SessionStatus };
  /** 锁定：关闭台账，须重新登录 */
  session_lock: { args: NoArgs; output: SessionStatus };
  /** 有操作：推迟自动锁定 */
  session_touch: { args: NoArgs; output: SessionStatus };
};

export type SessionCommandName = keyof SessionCommands;
