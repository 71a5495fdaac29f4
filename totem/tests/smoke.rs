use std::net::{IpAddr, Ipv4Addr};
use totem::config::{InterfaceConfig, TotemConfig, Transport};
use totem::*;

#[test]
fn single_node_forms_ring() {
    let ip = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1));
    let mut c = TotemConfig::with_interfaces(vec![InterfaceConfig {
        ringnumber: 0,
        bindnetaddr: ip,
        mcastaddr: None,
        mcastport: 5405,
        ttl: 1,
        members: vec![ip],
    }]);
    c.transport = Transport::Udpu;
    c.secauth = false;
    let mut t = Totem::new(&c, &[ip], 0, 1, Time::ZERO).unwrap();
    let mut now = Time::ZERO;
    let mut regular = None;
    for _ in 0..10000 {
        while let Some(tx) = t.poll_transmit() {
            eprintln!("tx {:?} {}", tx.dest, tx.payload.len());
        }
        while let Some(ev) = t.poll_event() {
            eprintln!("{now:?} {ev:?}");
            if let Event::ConfChg(cc) = &ev
                && cc.kind == ConfigurationType::Regular
            {
                regular = Some(now);
            }
        }
        if regular.is_some() {
            break;
        }
        let next = t.poll_timeout().unwrap();
        if next > now {
            now = next;
        }
        t.handle_timeout(now);
    }
    assert!(regular.is_some());
}
