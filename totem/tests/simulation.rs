//! Deterministic multi-node simulations.

mod sim;

use sim::*;
use totem::config::Transport;

fn form(n: usize, transport: Transport) -> Sim {
    let mut s = Sim::new(1, n, base_config(n, transport), NetParams::default());
    s.start_all();
    s
}

#[test]
fn one_to_five_nodes_form_one_ring() {
    for transport in [Transport::Udp, Transport::Udpu] {
        for n in 1..=5 {
            let mut s = form(n, transport);
            let mut t = 0;
            while !s.converged() && t < 10_000 {
                s.run_for_ms(10);
                t += 10;
            }
            assert!(
                s.converged(),
                "{n} nodes over {transport:?} did not converge"
            );
            eprintln!("{n} nodes {transport:?}: converged after {t} ms");
            check_frames(&s).unwrap();
            check_messages(&s).unwrap();
        }
    }
}

fn seeds() -> Vec<u64> {
    if let Ok(s) = std::env::var("TOTEM_SIM_SEED") {
        return vec![s.parse().expect("TOTEM_SIM_SEED must be a number")];
    }
    // Unoptimised builds are an order of magnitude slower.
    let default = if cfg!(debug_assertions) { "30" } else { "300" };
    let spec = std::env::var("TOTEM_SIM_SEEDS").unwrap_or_else(|_| default.into());
    if let Some((a, b)) = spec.split_once("..") {
        let a: u64 = a.parse().expect("TOTEM_SIM_SEEDS=a..b");
        let b: u64 = b.parse().expect("TOTEM_SIM_SEEDS=a..b");
        return (a..=b).collect();
    }
    let n: u64 = spec
        .parse()
        .expect("TOTEM_SIM_SEEDS must be a count or a..b");
    (1..=n).collect()
}

/// One randomized run: traffic, then a series of faults, then healing.
fn chaos(seed: u64, verbose: bool) -> Result<Sim, String> {
    let mut r = SimRng::new(seed.wrapping_mul(7919));
    let n = 2 + r.below(4) as usize;
    let transport = if r.below(2) == 0 {
        Transport::Udp
    } else {
        Transport::Udpu
    };
    let loss = [0, 0, 10_000, 50_000, 200_000][r.below(5) as usize];
    let dup = [0, 0, 10_000, 100_000][r.below(4) as usize];
    let net = NetParams {
        latency_us: 50 + r.below(800),
        jitter_us: [0, 100, 2_000, 20_000][r.below(4) as usize],
        loss_ppm: loss,
        dup_ppm: dup,
        ..NetParams::default()
    };
    let mut cfg = base_config(n, transport);
    if r.below(3) == 0 {
        cfg.send_join_timeout = 30;
    }
    let mut s = Sim::new(seed, n, cfg, net.clone());
    s.keep_logs = verbose;
    s.sync_mode = true;
    s.send_interval_us = 1_000 + r.below(30_000);
    s.payload_pad = [0, 0, 100, 3_000][r.below(4) as usize];
    for node in s.nodes.iter_mut() {
        node.msgs_per_tick = 1 + r.below(3);
    }
    if verbose {
        eprintln!(
            "seed {seed}: {n} nodes {transport:?} {net:?} send every {} us pad {}",
            s.send_interval_us, s.payload_pad
        );
    }
    s.start_all();
    s.run_for_ms(500 + r.below(2000));

    let faults = r.below(7);
    for _ in 0..faults {
        let what = r.below(6);
        match what {
            0 => {
                // Random partition into two groups.
                let mut a = Vec::new();
                let mut b = Vec::new();
                for i in 0..n {
                    if r.below(2) == 0 {
                        a.push(i)
                    } else {
                        b.push(i)
                    }
                }
                if verbose {
                    eprintln!("{:?} partition {a:?} {b:?}", s.now);
                }
                s.partition(&[a, b]);
            }
            1 => {
                if verbose {
                    eprintln!("{:?} heal", s.now);
                }
                s.heal();
            }
            2 => {
                let i = r.below(n as u64) as usize;
                if s.is_up(i) && s.up_nodes().len() > 1 {
                    if verbose {
                        eprintln!("{:?} crash {i}", s.now);
                    }
                    s.crash(i);
                }
            }
            3 => {
                let down: Vec<usize> = (0..n).filter(|&i| !s.is_up(i)).collect();
                if !down.is_empty() {
                    let i = down[r.below(down.len() as u64) as usize];
                    if verbose {
                        eprintln!("{:?} restart {i}", s.now);
                    }
                    s.start(i);
                }
            }
            4 => {
                let i = r.below(n as u64) as usize;
                if s.is_up(i) && s.up_nodes().len() > 1 {
                    if verbose {
                        eprintln!("{:?} shutdown {i}", s.now);
                    }
                    s.shutdown(i);
                }
            }
            _ => {
                let burst = [100_000, 400_000, 800_000][r.below(3) as usize];
                if verbose {
                    eprintln!("{:?} loss burst {burst}", s.now);
                }
                s.net.loss_ppm = burst;
                s.run_for_ms(100 + r.below(1500));
                s.net.loss_ppm = loss;
            }
        }
        s.run_for_ms(100 + r.below(4000));
    }

    // Heal everything and let the ring settle. Traffic stops meanwhile: a
    // busy ring does not run merge detection (the original neither).
    let interval = s.send_interval_us;
    s.send_interval_us = 0;
    s.heal();
    s.net.loss_ppm = 0;
    s.net.dup_ppm = 0;
    // Real networks and schedulers always add some jitter; without any,
    // the nodes' timers stay in lock-step.
    s.net.jitter_us = s.net.jitter_us.max(200);
    for i in 0..n {
        if !s.is_up(i) {
            s.start(i);
        }
    }
    let mut waited = 0;
    while !s.converged() {
        s.run_for_ms(50);
        waited += 50;
        if verbose && waited % 1000 == 0 {
            eprintln!("{:?} not converged: {}", s.now, s.describe());
        }
        if waited > 60_000 {
            return Err(format!("seed {seed}: no single ring 60 s after healing"));
        }
    }
    // Traffic on the merged ring, then stop and let everything drain.
    let stable_since = s.now;
    s.send_interval_us = interval;
    s.run_for_ms(2_000);
    s.send_interval_us = 0;
    // See below for totempg's reassembly flaw; a node whose sync barrier
    // it swallowed waits for the transitional acknowledgement for ever
    // (the original's executive would as well), its later messages stay
    // queued.
    let mut sync_stuck = false;
    if !s.run_until_drained(60_000) {
        for i in s.up_nodes() {
            let Some((_, members, got)) = s.nodes[i].sync.clone() else {
                continue;
            };
            let inc = s.nodes[i].obs.len().saturating_sub(1);
            let explained = members
                .iter()
                .filter(|m| !got.contains(m))
                .all(|m| had_incomplete_assembly(&s, i, inc, *m));
            if !explained {
                return Err(format!(
                    "seed {seed}: node {i} waits for sync barriers the flaw does not explain"
                ));
            }
            sync_stuck = true;
        }
        if !sync_stuck {
            return Err(format!(
                "seed {seed}: backlog not drained 60 s after traffic stopped"
            ));
        }
    }
    s.run_for_ms(2_000);
    if !s.converged() {
        return Err(format!("seed {seed}: ring broke while idle"));
    }
    check_frames(&s).map_err(|e| format!("seed {seed}: frames: {e}"))?;
    check_messages(&s).map_err(|e| format!("seed {seed}: messages: {e}"))?;
    // totempg (1.4.10) reassembles messages that span frames per sender
    // with two sets of state (normal, and while waiting for the
    // transitional acknowledgement) and no notion of configurations: when
    // a switch leaves a sender's message half reassembled, later frames
    // of that sender can be dropped or meet stale fragments, and the
    // original then loses a message or delivers a garbled one. That is
    // kept for compatibility; such anomalies are accepted only where the
    // core recorded that precondition.
    let mut anomalies = 0;
    for (i, inc, from) in corrupt_deliveries(&s, stable_since) {
        if !had_incomplete_assembly(&s, i, inc, from) {
            return Err(format!(
                "seed {seed}: node {i} delivered a corrupt message from {from} on the stable ring"
            ));
        }
        anomalies += 1;
    }
    if sync_stuck {
        anomalies += 1;
    }
    for i in 0..n {
        if sync_stuck {
            break;
        }
        if let Err(e) = check_self_delivery(&s, i, stable_since) {
            let inc = s.nodes[i].obs.len().saturating_sub(1);
            let me = s.nodes[i].totem.as_ref().map(|t| t.my_nodeid());
            if !me.is_some_and(|me| had_incomplete_assembly(&s, i, inc, me)) {
                return Err(format!("seed {seed}: {e}"));
            }
            anomalies += 1;
        }
    }
    if anomalies > 0 {
        TOTEMPG_ANOMALIES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if verbose {
            eprintln!("seed {seed}: {anomalies} totempg reassembly anomalies");
        }
    }
    Ok(s)
}

/// Seeds where the known totempg reassembly flaw showed (see `chaos`).
static TOTEMPG_ANOMALIES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[test]
fn chaos_seeds_keep_virtual_synchrony() {
    let verbose =
        std::env::var("TOTEM_SIM_SEED").is_ok() && std::env::var("TOTEM_SIM_QUIET").is_err();
    let mut failures = Vec::new();
    for seed in seeds() {
        let run = std::panic::catch_unwind(|| chaos(seed, verbose));
        match run {
            Ok(Ok(s)) => {
                if verbose {
                    s.dump_logs();
                }
            }
            Ok(Err(e)) => {
                eprintln!("{e}");
                failures.push(seed);
            }
            Err(_) => {
                eprintln!("seed {seed}: panicked");
                failures.push(seed);
            }
        }
    }
    let anomalies = TOTEMPG_ANOMALIES.load(std::sync::atomic::Ordering::Relaxed);
    if anomalies > 0 {
        eprintln!("{anomalies} seed(s) showed the original totempg's reassembly flaw");
    }
    assert!(
        failures.is_empty(),
        "failing seeds (replay with TOTEM_SIM_SEED=n): {failures:?}"
    );
}

#[test]
fn redundant_rings_survive_a_ring_failure_and_recover() {
    use totem::config::RrpMode;
    for mode in [RrpMode::Passive, RrpMode::Active] {
        for transport in [Transport::Udp, Transport::Udpu] {
            let mut cfg = rrp_config(3, transport, mode);
            // Reach FAULTY sooner (default 10).
            cfg.rrp_problem_count_threshold = 3;
            let mut s = Sim::new(5, 3, cfg, NetParams::default());
            s.keep_logs = true;
            s.sync_mode = true;
            s.send_interval_us = 20_000;
            s.start_all();
            s.run_for_ms(2_000);
            assert!(s.converged(), "{mode:?} {transport:?}: no ring");
            let ring = s.nodes[0].totem.as_ref().expect("up").ring_id();
            // Ring 1's network fails. (In active mode every token then
            // waits rrp_token_expired_timeout at each hop and the problem
            // counter decays, so it takes a while to reach the threshold.)
            s.ring_down[1] = true;
            s.run_for_ms(8_000);
            assert!(s.converged(), "{mode:?} {transport:?}: ring lost");
            for n in &s.nodes {
                let t = n.totem.as_ref().expect("up");
                assert_eq!(
                    t.ring_id(),
                    ring,
                    "{mode:?} {transport:?}: membership changed"
                );
                let status = t.ring_status();
                assert!(
                    status[1].contains("FAULTY"),
                    "{mode:?} {transport:?}: {status:?}"
                );
                assert_eq!(status[0], "ring 0 active with no faults");
            }
            // It comes back: the ring test finds it and re-enables it.
            s.ring_down[1] = false;
            s.run_for_ms(5_000);
            for n in &s.nodes {
                let t = n.totem.as_ref().expect("up");
                assert_eq!(
                    t.ring_status()[1],
                    "ring 1 active with no faults",
                    "{mode:?} {transport:?}"
                );
                assert_eq!(t.ring_id(), ring);
            }
            assert!(
                s.nodes[0]
                    .logs
                    .iter()
                    .any(|l| l.contains("Automatically recovered ring 1")),
                "{mode:?} {transport:?}"
            );
            s.send_interval_us = 0;
            assert!(s.run_until_drained(10_000), "{mode:?} {transport:?}");
            check_frames(&s).unwrap();
            check_messages(&s).unwrap();
            for i in 0..3 {
                check_self_delivery(&s, i, totem::Time::ZERO).unwrap();
            }
        }
    }
}

#[test]
fn secauth_ring_ignores_forged_truncated_and_replayed_datagrams() {
    for transport in [Transport::Udp, Transport::Udpu] {
        let mut cfg = base_config(3, transport);
        cfg.secauth = true;
        cfg.private_key = (0..128u8).collect();
        let mut s = Sim::new(11, 3, cfg, NetParams::default());
        s.sync_mode = true;
        s.send_interval_us = 20_000;
        s.payload_pad = 1_500;
        s.start_all();
        s.run_for_ms(1_000);
        assert!(s.converged(), "{transport:?}");
        let ring = s.nodes[0].totem.as_ref().expect("up").ring_id();
        let mut r = SimRng::new(3);
        let mut injected = 0u64;
        for round in 0..120 {
            let to = (round % 3) as usize;
            let len = r.below(1_500) as usize;
            let mut junk: Vec<u8> = (0..len).map(|_| r.next() as u8).collect();
            if round % 3 == 0 && len > 40 {
                // Looks like an unencrypted totem packet of ours.
                junk[0] = (round % 6) as u8;
                junk[2] = 0x22;
                junk[3] = 0xff;
            }
            s.inject(to, 0, &junk);
            injected += 1;
            s.run_for_ms(10);
        }
        assert!(s.converged(), "{transport:?}");
        let mut failed = 0;
        for n in &s.nodes {
            let t = n.totem.as_ref().expect("up");
            assert_eq!(
                t.ring_id(),
                ring,
                "{transport:?}: forged datagrams broke the ring"
            );
            let st = t.stats();
            failed += st.rx_auth_failed + st.rx_bad_length;
        }
        assert_eq!(failed, injected, "{transport:?}: every forgery counted");
        s.send_interval_us = 0;
        assert!(s.run_until_drained(10_000));
        check_frames(&s).unwrap();
        check_messages(&s).unwrap();
        assert!(corrupt_deliveries(&s, totem::Time::ZERO).is_empty());
    }
}
