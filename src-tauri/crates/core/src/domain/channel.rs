//! How a request reached the liaison (来访渠道).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Channel {
    /// 来访: the resident came in person.
    Visit,
    /// 来信: a letter.
    Letter,
    /// 电话: a phone call.
    Phone,
    /// 网上/微信: online or messaging.
    Online,
    /// 下访: the liaison went to the resident.
    DoorToDoor,
    /// 约访: an appointment.
    Appointment,
    /// 交办: handed down by the township or county.
    HandedDown,
}

impl Channel {
    pub const ALL: [Channel; 7] = [
        Channel::Visit,
        Channel::Letter,
        Channel::Phone,
        Channel::Online,
        Channel::DoorToDoor,
        Channel::Appointment,
        Channel::HandedDown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Visit => "visit",
            Channel::Letter => "letter",
            Channel::Phone => "phone",
            Channel::Online => "online",
            Channel::DoorToDoor => "door_to_door",
            Channel::Appointment => "appointment",
            Channel::HandedDown => "handed_down",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Visit => "来访",
            Channel::Letter => "来信",
            Channel::Phone => "电话",
            Channel::Online => "网上",
            Channel::DoorToDoor => "下访",
            Channel::Appointment => "约访",
            Channel::HandedDown => "交办",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }
}
