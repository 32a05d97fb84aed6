//! The command line's shape (clap). Help texts are in Chinese, like
//! everything else a user reads.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "xinfang",
    version,
    about = "信访台账命令行：与桌面应用共用同一核心，无需显示器。",
    long_about = "信访台账命令行：与桌面应用共用同一核心，无需显示器。\n\
        成功时退出码为 0；任何拒绝都以非零退出码结束，并在标准错误输出一行原因。"
)]
pub struct Cli {
    /// 台账数据库文件（也可用环境变量 XINFANG_DB 指定）
    #[arg(long, env = "XINFANG_DB", global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// 加密台账的账号（姓名），口令由环境变量 XINFANG_PASSPHRASE 给出（不写在命令行上）；
    /// init 时给出则建立加密台账并以此为第一个账号
    #[arg(long, env = "XINFANG_ACCOUNT", global = true, value_name = "NAME")]
    pub account: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 新建台账数据库并设置本机角色和名称
    Init {
        /// 本机角色：village（村信访员）或 township（乡镇信访办）
        #[arg(long, value_enum)]
        role: RoleArg,
        /// 村或乡镇名称，如“石岩哨村”
        #[arg(long)]
        name: String,
    },
    /// 来访登记
    #[command(subcommand)]
    Visit(VisitCommand),
    /// 信访事项（台账）
    #[command(subcommand)]
    Case(CaseCommand),
    /// 调用任一命令（与桌面应用相同）：xinfang call NAME --json ARGS|-
    Call(CallArgs),
    /// 打印 A4 PDF：人民调解协议书、群众信访双向承诺书
    #[command(subcommand)]
    Print(crate::print::PrintCommand),
    /// 统计报表：受理、办结、排查化解、回访满意等，按类别、村、月分列；可输出 JSON、CSV 或 Excel
    Report(crate::report::ReportArgs),
    /// 台账导入：把原有 Excel 台账（.xlsx/.xls）的各行登记为信访事项；有错误则一行也不导入
    ImportLedger(crate::import::ImportLedgerArgs),
    /// 添加附件（签字协议书、证据材料、履行凭证等的照片、扫描件或 PDF），输出附件 ID
    Attach(crate::attach::AttachArgs),
    /// 列出一件信访事项的附件
    Attachments {
        /// 信访事项 ID
        case: String,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 把附件原样保存到文件夹（如 U 盘），输出保存的路径；不覆盖已有文件
    Extract {
        /// 附件 ID
        id: String,
        /// 保存到的文件夹
        #[arg(long, value_name = "FOLDER")]
        to: PathBuf,
    },
    /// 本机设备：编号、角色、名称和指纹；--out 写出设备登记文件
    #[command(subcommand)]
    Device(DeviceCommand),
    /// 登记对端设备（乡镇登记村，村登记乡镇）：核对对方屏幕上的指纹后输入
    Enrol {
        /// 对方的设备登记文件
        file: PathBuf,
        /// 对方屏幕上显示的指纹（17 位，横线可省略）
        #[arg(long)]
        fingerprint: String,
        /// 登记人姓名
        #[arg(long)]
        by: String,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 注销已登记的设备（如电脑丢失）：此后它的数据包一律拒收
    Revoke {
        /// 设备编号
        device: String,
        /// 注销原因
        #[arg(long)]
        reason: String,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 把对方尚未确认收到的变更导出为一个加密数据包，输出其路径
    Export {
        /// 写入的文件夹（如 U 盘）
        #[arg(long, value_name = "DIR")]
        to: PathBuf,
        /// 收件设备编号或名称（村设备只登记了一个乡镇设备时可省略）
        #[arg(long = "for", value_name = "DEVICE")]
        recipient: Option<String>,
        /// 每个数据包最多多少 MiB（变更连同附件超过时分成几个包，按文件名顺序导入）
        #[arg(long = "part-mib", value_name = "MIB", default_value_t = 200, value_parser = clap::value_parser!(u64).range(1..=256))]
        part_mib: u64,
        /// 以 JSON 输出（每个数据包一项）
        #[arg(long)]
        json: bool,
    },
    /// 导入数据包；给出文件夹时导入其中所有 .xfb 文件
    Import {
        /// 数据包文件或文件夹
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 乡镇：开启同步服务，接收各村上传的数据包并发回回执
    Serve {
        /// 监听地址，如 0.0.0.0:8740
        #[arg(long, value_name = "ADDR")]
        listen: String,
        /// 未传完的上传最多占用多少磁盘空间（MiB）
        #[arg(long, default_value_t = 2048, value_name = "MIB")]
        spool_mib: u64,
        /// 最多同时保持多少个连接（不超过系统允许打开的文件数）
        #[arg(long, default_value_t = 512, value_name = "N")]
        max_connections: usize,
        /// 同一地址最多同时保持多少个连接
        #[arg(long, default_value_t = 32, value_name = "N")]
        per_address: usize,
    },
    /// 村：联网同步，上传尚未确认的变更并取回回执（连不上时自动重试）
    Sync {
        /// 乡镇同步服务的地址，如 http://192.168.1.10:8740
        #[arg(long, value_name = "URL")]
        server: String,
        /// 最多等待多少秒（连不上时按间隔加倍重试）
        #[arg(long, default_value_t = 120, value_name = "SECONDS")]
        wait: u64,
        /// 同步给哪个乡镇设备（设备编号或名称；本机登记了多个乡镇设备时必填）
        #[arg(long = "for", value_name = "DEVICE")]
        recipient: Option<String>,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 检查数据包（解密、验签、核对序号），不导入
    Verify {
        /// 数据包文件
        file: PathBuf,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum DeviceCommand {
    /// 显示本机设备信息和指纹
    Show {
        /// 同时写出设备登记文件（交给对方登记）
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 列出已登记的对端设备
    Peers {
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Village,
    Township,
}

#[derive(Debug, Subcommand)]
pub enum VisitCommand {
    /// 登记一次来访（JSON 见 README），输出新信访事项的 ID
    Add {
        /// JSON 文件路径，或 - 表示从标准输入读取
        #[arg(long, value_name = "FILE|-")]
        json: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// 列出台账
    List(CaseListArgs),
    /// 查看一件信访事项
    Show {
        /// 信访事项 ID
        id: String,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct CaseListArgs {
    /// 搜索任意文字（姓名、村组、诉求、编号，两个字以上）
    #[arg(long)]
    pub text: Option<String>,
    /// 状态：all 全部、open 办理中、closed 已结案、voided 已作废
    #[arg(long, value_parser = ["all", "open", "closed", "voided"])]
    pub status: Option<String>,
    /// 每页条数
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// 跳过前若干条
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CallArgs {
    /// 命令名，如 visit_add；用 --list 查看全部
    #[arg(required_unless_present = "list")]
    pub name: Option<String>,
    /// 参数 JSON 文本，或 - 表示从标准输入读取；省略时为 {}
    #[arg(long, value_name = "ARGS|-")]
    pub json: Option<String>,
    /// 列出所有命令及其参数格式
    #[arg(long, conflicts_with = "name")]
    pub list: bool,
}
