package com.bowwow.signal.propagation;

import com.bowwow.signal.api.SignalKind;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Starts a wave durably: the signal and all of its planned arrivals are written together,
 * so a wave either exists with every arrival queued or not at all. Callers run it inside
 * their transaction.
 */
public class WaveStore {

	private static final String INSERT_SIGNAL = """
			insert into signals (id, sender_id, kind, responds_to, sent_at, expires_at, max_distance_m, sender_unit,
			                     speed_mps, receiver_count)
			values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			""";

	// One statement for any number of arrivals: 10,000 rows in a few tens of
	// milliseconds.
	private static final String INSERT_ARRIVALS = """
			insert into pending_arrivals (signal_id, receiver_id, due_at, distance_m, direction, cell_distance_m,
			                              cell_direction)
			select ?, r, d, m, dir, cm, cdir
			from unnest(?::uuid[], ?::timestamptz[], ?::float8[], ?::text[], ?::float8[], ?::text[])
			    as t(r, d, m, dir, cm, cdir)
			on conflict do nothing
			""";

	private final JdbcTemplate jdbc;

	public WaveStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public void start(Wave wave, List<Arrival> arrivals) {
		this.jdbc.update(INSERT_SIGNAL, wave.signalId(), wave.senderId().value(), wave.kind().wireName(),
				wave.respondsTo(), Timestamp.from(wave.sentAt()), Timestamp.from(wave.expiresAt()),
				wave.maxDistanceMeters(), wave.senderUnit().wireName(), wave.speedMetersPerSecond(), arrivals.size());
		add(wave.signalId(), arrivals);
	}

	/**
	 * Adds arrivals to a wave already travelling (someone who came within reach after it
	 * left); an arrival the wave already has is left as it is.
	 * @return how many were added
	 */
	public int add(UUID signalId, List<Arrival> arrivals) {
		if (arrivals.isEmpty()) {
			return 0;
		}
		return this.jdbc.execute((Connection connection) -> {
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
			Array[] arrays = { connection.createArrayOf("uuid", receivers),
					connection.createArrayOf("timestamptz", due), connection.createArrayOf("float8", meters),
					connection.createArrayOf("text", directions), connection.createArrayOf("float8", cellMeters),
					connection.createArrayOf("text", cellDirections) };
			try (PreparedStatement statement = connection.prepareStatement(INSERT_ARRIVALS)) {
				statement.setObject(1, signalId);
				for (int i = 0; i < arrays.length; i++) {
					statement.setArray(i + 2, arrays[i]);
				}
				return statement.executeUpdate();
			}
			finally {
				for (Array array : arrays) {
					array.free();
				}
			}
		});
	}

}
