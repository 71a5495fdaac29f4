//! `corosync-pload`: asks every node of the cluster to multicast 1500000
//! messages of 300 bytes; each executive logs the throughput it saw. The
//! tool prints the result of connecting and then waits (the service never
//! answers the start request).

use pload::PloadInst;

fn main() {
    let inst = PloadInst::connect();
    let result = match &inst {
        Ok(_) => corosync_wire::CsError::OK,
        Err(e) => *e,
    };
    println!("Init result {}", result.0);
    if let Ok(inst) = inst {
        inst.start(0, 1_500_000, 300);
    }
}
