//! Logging subsystems: the names in brackets on every line (`[TOTEM ]`).

/// The most subsystems one process may have (`LOGSYS_MAX_SUBSYS_COUNT`).
pub const MAX_SUBSYS_COUNT: usize = 64;
/// Subsystem names must be shorter than this (`LOGSYS_MAX_SUBSYS_NAMELEN`).
pub const MAX_SUBSYS_NAMELEN: usize = 64;

/// A logging subsystem. The well-known ones are constants; others are made
/// with [`crate::Logsys::subsys_create`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Subsys(pub(crate) u8);

impl Subsys {
    pub const MAIN: Subsys = Subsys(0);
    pub const TOTEM: Subsys = Subsys(1);
    pub const SERV: Subsys = Subsys(2);
    pub const IPC: Subsys = Subsys(3);
    pub const SYNC: Subsys = Subsys(4);
    pub const SYNCV2: Subsys = Subsys(5);
    pub const CONFDB: Subsys = Subsys(6);
    pub const APIDEF: Subsys = Subsys(7);
    pub const CFG: Subsys = Subsys(8);
    pub const EVS: Subsys = Subsys(9);
    pub const CPG: Subsys = Subsys(10);
    pub const QUORUM: Subsys = Subsys(11);
    pub const PLOAD: Subsys = Subsys(12);
    pub const VOTEQ: Subsys = Subsys(13);
    pub const YKD: Subsys = Subsys(14);
    pub const CLM: Subsys = Subsys(15);
    pub const AMF: Subsys = Subsys(16);
    pub const CKPT: Subsys = Subsys(17);
    pub const EVT: Subsys = Subsys(18);
    pub const LCK: Subsys = Subsys(19);
    pub const MSG: Subsys = Subsys(20);
    pub const TMR: Subsys = Subsys(21);
    pub const CMAN: Subsys = Subsys(22);

    /// The logger of the system itself (the original's slot
    /// `LOGSYS_MAX_SUBSYS_COUNT`). Its name is the system name, so code that
    /// logs without a subsystem (mainconfig in the original) shows up as
    /// `[corosy]`.
    pub const SYSTEM: Subsys = Subsys(MAX_SUBSYS_COUNT as u8);

    pub(crate) fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// The names of the predefined subsystems, by index.
pub(crate) const PREDEFINED: [&str; 23] = [
    "MAIN", "TOTEM", "SERV", "IPC", "SYNC", "SYNCV2", "CONFDB", "APIDEF", "CFG", "EVS", "CPG",
    "QUORUM", "PLOAD", "VOTEQ", "YKD", "CLM", "AMF", "CKPT", "EVT", "LCK", "MSG", "TMR", "CMAN",
];
