package com.bowwow.signal.propagation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * Starts a wave durably: the signal and all of its planned arrivals are written together,
 * so a wave either exists with every arrival queued or not at all. Callers run it inside
 * their transaction.
 */
public class WaveStore {

	// One statement for any number of arrivals: 10,000 rows in a few tens of
	// milliseconds.
	// Arrivals due by the lease's horizon are stored already leased to the starting
	// instance, which holds them in memory from the commit on (no claim in between).
	private static final String INSERT_ARRIVALS = """
			insert into pending_arrivals (signal_id, receiver_id, due_at, distance_m, direction, cell_distance_m,
			                              cell_direction, lease_owner, lease_until)
			select ?, r, d, m, dir, cm, cdir,
			       case when d <= ?::timestamptz then ?::text end, case when d <= ?::timestamptz then ?::timestamptz end
			from unnest(?::uuid[], ?::timestamptz[], ?::float8[], ?::text[], ?::float8[], ?::text[])
			    as t(r, d, m, dir, cm, cdir)
			on conflict do nothing
			""";

	private final JdbcClient jdbc;

	private final Signals signals;

	public WaveStore(JdbcClient jdbc, Signals signals) {
		this.jdbc = jdbc;
		this.signals = signals;
	}

	/**
	 * Stores the signal and its arrivals; those due by the lease's horizon are leased to
	 * its owner (see {@link PropagationEngine#leaseForStart}), who must take them with
	 * {@link PropagationEngine#adopt} once the transaction committed.
	 */
	public void start(Wave wave, List<Arrival> arrivals, PropagationEngine.StartLease lease) {
		this.signals.insert(wave, arrivals.size());
		add(wave.signalId(), arrivals, lease);
	}

	/**
	 * Adds arrivals to a wave already travelling (someone who came within reach after it
	 * left); an arrival the wave already has is left as it is.
	 * @return how many were added
	 */
	public int add(UUID signalId, List<Arrival> arrivals) {
		return add(signalId, arrivals, PropagationEngine.StartLease.NONE);
	}

	/**
	 * {@link #add(UUID, List)}, with those due by the lease's horizon leased as at the
	 * start.
	 */
	public int add(UUID signalId, List<Arrival> arrivals, PropagationEngine.StartLease lease) {
		if (arrivals.isEmpty()) {
			return 0;
		}
		int n = arrivals.size();
		UUID[] receivers = new UUID[n];
		Timestamp[] due = new Timestamp[n];
		Double[] meters = new Double[n];
		String[] directions = new String[n];
		Double[] cellMeters = new Double[n];
		String[] cellDirections = new String[n];
		for (int i = 0; i < n; i++) {
			Arrival arrival = arrivals.get(i);
			receivers[i] = arrival.receiverId().value();
			due[i] = Timestamp.from(arrival.dueAt());
			meters[i] = arrival.distanceMeters();
			directions[i] = arrival.direction().name();
			cellMeters[i] = arrival.cellDistanceMeters();
			cellDirections[i] = arrival.cellDirection().name();
		}
		// SQL arrays are created on the statement's connection and freed after it
		return this.jdbc.sql(INSERT_ARRIVALS)
			.params(signalId, ts(lease.horizon()), lease.owner(), ts(lease.horizon()), ts(lease.until()),
					new SqlArrayValue("uuid", (Object[]) receivers), new SqlArrayValue("timestamptz", (Object[]) due),
					new SqlArrayValue("float8", (Object[]) meters), new SqlArrayValue("text", (Object[]) directions),
					new SqlArrayValue("float8", (Object[]) cellMeters),
					new SqlArrayValue("text", (Object[]) cellDirections))
			.update();
	}

	private static Timestamp ts(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

}
