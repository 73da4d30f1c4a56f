package com.bowwow.analytics.ingest;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.bowwow.common.id.UserId;
import com.bowwow.location.api.LocationEvents.LocationReported;
import com.bowwow.location.api.LocationEvents.StreamConnectionsSampled;
import com.bowwow.push.api.PushEvents.PushOutcome;
import com.bowwow.signal.api.SignalEvents.Delivery;
import com.bowwow.signal.api.SignalEvents.SignalSent;
import com.bowwow.user.api.ReportFiled;
import com.bowwow.user.api.UserBlocked;
import com.bowwow.user.api.UserSuspended;
import com.bowwow.user.api.UserSuspensionLifted;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * The writes of analytics-service: each one an upsert that applying twice or late leaves
 * as applying once would (except push outcome counters, which rely on
 * {@link #firstTime(UUID)} in the same transaction).
 */
class Aggregates {

	/**
	 * Push reasons are free text (last error); long ones would bloat the counter keys.
	 */
	static final int MAX_REASON_LENGTH = 120;

	/**
	 * The user an event names, or a fresh pseudonym when the event arrives after the
	 * user's deletion (their tombstone is here): it still counts, naming no one.
	 * Parameters: the user ID twice.
	 */
	private static final String ACTOR = "case when exists (select 1 from users where user_id = ? and deleted_at is not null) then gen_random_uuid() else ?::uuid end";

	/** Advisory lock namespace of per-user writes ("an"). */
	private static final int USER_LOCK = 0x616e;

	private final JdbcClient jdbc;

	// JdbcClient has no batch API: a batch's push-outcome counters are upserted as one
	// JDBC batch through the template (the README's persistence rule lists this
	// exception).
	private final JdbcTemplate batches;

	public Aggregates(JdbcTemplate jdbc) {
		this.jdbc = JdbcClient.create(jdbc);
		this.batches = jdbc;
	}

	/**
	 * Records the event as processed.
	 * @param eventId the event
	 * @return false when it was processed before (skip it)
	 */
	public boolean firstTime(UUID eventId) {
		return this.jdbc.sql("insert into processed_event (event_id) values (?) on conflict do nothing")
			.param(eventId)
			.update() == 1;
	}

	/**
	 * An account was created; earlier settings or deletion events may already be here.
	 */
	public void registered(UserId user, Instant at) {
		this.jdbc.sql("""
				insert into users (user_id, registered_at) values (?, ?)
				on conflict (user_id) do update set registered_at = excluded.registered_at
				where users.deleted_at is null
				  and (users.registered_at is null or users.registered_at > excluded.registered_at)
				""").params(user.value(), ts(at)).update();
	}

	/** The account exists (a settings change may overtake the registration). */
	public void known(UserId user) {
		this.jdbc.sql("insert into users (user_id) values (?) on conflict do nothing").param(user.value()).update();
	}

	/**
	 * The account is gone; what it did stays counted, but it is no longer named in the
	 * safety figures (reports against it stay counted, without its ID).
	 */
	public void deleted(UserId user, Instant at) {
		lockUsers(List.of(user.value()));
		// The row under the real ID stays only as a tombstone (late events about the user
		// are dropped against it, and retention removes it); what the user did stays
		// counted under a random pseudonym that nothing links back to them.
		this.jdbc.sql("""
				insert into users (user_id, deleted_at) values (?, ?)
				on conflict (user_id) do update set deleted_at = excluded.deleted_at, registered_at = null
				where users.deleted_at is null or users.deleted_at > excluded.deleted_at
				""").params(user.value(), ts(at)).update();
		UUID pseudonym = UUID.randomUUID();
		this.jdbc.sql("update user_activity set user_id = ? where user_id = ?")
			.params(pseudonym, user.value())
			.update();
		this.jdbc.sql("update signals set sender_id = ? where sender_id = ?").params(pseudonym, user.value()).update();
		this.jdbc.sql("update deliveries set receiver_id = ? where receiver_id = ?")
			.params(pseudonym, user.value())
			.update();
		this.jdbc.sql("update reports set reported_user_id = null where reported_user_id = ?")
			.param(user.value())
			.update();
		this.jdbc.sql("delete from suspensions where user_id = ?").param(user.value()).update();
	}

	/**
	 * A report, once per report ID. Neither the reporter nor any text is kept; a report
	 * about an account already deleted counts without naming it.
	 */
	public void reportFiled(ReportFiled event) {
		this.jdbc.sql("""
				insert into reports (report_id, reported_user_id, reason, filed_at)
				select ?::uuid, case when exists (select 1 from users where user_id = ? and deleted_at is not null)
				  then null else ?::uuid end, ?::text, ?::timestamptz
				on conflict do nothing
				""")
			.params(event.reportId(), event.reportedUserId().value(), event.reportedUserId().value(),
					event.reason().wireName(), ts(event.occurredAt()))
			.update();
	}

	/** A block made, counted once per event, without who blocked whom. */
	public void blocked(UserBlocked event) {
		this.jdbc.sql("insert into blocks (event_id, blocked_at) values (?, ?) on conflict do nothing")
			.params(event.eventId(), ts(event.occurredAt()))
			.update();
	}

	/**
	 * A suspension; only the latest one per user matters (an older one arriving late
	 * changes nothing). The operator's reason is not kept. Deleted accounts are skipped.
	 */
	public void suspended(UserSuspended event) {
		this.jdbc
			.sql("""
					insert into suspensions (user_id, suspended_at, until)
					select ?::uuid, ?::timestamptz, ?::timestamptz where not exists (select 1 from users where user_id = ? and deleted_at is not null)
					on conflict (user_id) do update set suspended_at = excluded.suspended_at, until = excluded.until
					where suspensions.suspended_at is null or suspensions.suspended_at < excluded.suspended_at
					""")
			.params(event.userId().value(), ts(event.occurredAt()), (event.until() != null) ? ts(event.until()) : null,
					event.userId().value())
			.update();
	}

	/** A suspension ended; the latest lift is kept, whichever order lifts arrive in. */
	public void suspensionLifted(UserSuspensionLifted event) {
		this.jdbc
			.sql("""
					insert into suspensions (user_id, lifted_at)
					select ?::uuid, ?::timestamptz where not exists (select 1 from users where user_id = ? and deleted_at is not null)
					on conflict (user_id) do update set lifted_at = excluded.lifted_at
					where suspensions.lifted_at is null or suspensions.lifted_at < excluded.lifted_at
					""")
			.params(event.userId().value(), ts(event.occurredAt()), event.userId().value())
			.update();
	}

	public void reported(LocationReported event) {
		lockUsers(List.of(event.userId().value()));
		Instant at = event.reportedAt();
		this.jdbc.sql("""
				insert into user_activity (user_id, hour, last_reported_at) values (%s, ?, ?)
				on conflict (user_id, hour) do update set last_reported_at = excluded.last_reported_at
				where user_activity.last_reported_at < excluded.last_reported_at
				""".formatted(ACTOR))
			.params(event.userId().value(), event.userId().value(), ts(at.truncatedTo(ChronoUnit.HOURS)), ts(at))
			.update();
	}

	public void sampled(StreamConnectionsSampled event) {
		this.jdbc.sql("""
				insert into stream_samples (instance_id, sampled_at, connections, dropped) values (?, ?, ?, ?)
				on conflict do nothing
				""")
			.params(event.instanceId(), ts(event.sampledAt()), event.connections(), event.droppedMessages())
			.update();
	}

	/** A wave started; a re-published event with a new ID still counts once. */
	public void sent(SignalSent event) {
		lockUsers(List.of(event.senderId().value()));
		this.jdbc.sql("""
				insert into signals (signal_id, sender_id, kind, sent_at, max_distance_meters) values (?, %s, ?, ?, ?)
				on conflict do nothing
				""".formatted(ACTOR))
			.params(event.signalId(), event.senderId().value(), event.senderId().value(), event.kind().wireName(),
					ts(event.sentAt()), event.maxDistanceMeters())
			.update();
	}

	/** Receipts, each counted once per (signal, receiver, kind). */
	public void delivered(List<Delivery> deliveries) {
		lockUsers(deliveries.stream().map((delivery) -> delivery.receiverId().value()).toList());
		int n = deliveries.size();
		UUID[] signals = new UUID[n];
		UUID[] receivers = new UUID[n];
		String[] kinds = new String[n];
		Timestamp[] receivedAt = new Timestamp[n];
		Double[] meters = new Double[n];
		Long[] lateness = new Long[n];
		for (int i = 0; i < n; i++) {
			Delivery delivery = deliveries.get(i);
			signals[i] = delivery.signalId();
			receivers[i] = delivery.receiverId().value();
			kinds[i] = delivery.kind().wireName();
			receivedAt[i] = ts(delivery.receivedAt());
			meters[i] = delivery.distanceMeters();
			lateness[i] = delivery.latenessOrEstimateMillis();
		}
		// One statement for the whole event (not one per receipt): a deleted receiver
		// is counted under a fresh pseudonym, as ACTOR does for one user.
		this.jdbc
			.sql("""
					insert into deliveries (signal_id, receiver_id, kind, received_at, distance_meters, lateness_ms)
					select d.signal_id,
					       case when exists (select 1 from users u where u.user_id = d.receiver_id and u.deleted_at is not null)
					            then gen_random_uuid() else d.receiver_id end,
					       d.kind, d.received_at, d.distance_meters, d.lateness_ms
					from unnest(?::uuid[], ?::uuid[], ?::text[], ?::timestamptz[], ?::float8[], ?::int8[])
					    as d(signal_id, receiver_id, kind, received_at, distance_meters, lateness_ms)
					on conflict do nothing
					""")
			.params(new SqlArrayValue("uuid", (Object[]) signals), new SqlArrayValue("uuid", (Object[]) receivers),
					new SqlArrayValue("text", (Object[]) kinds),
					new SqlArrayValue("timestamptz", (Object[]) receivedAt),
					new SqlArrayValue("float8", (Object[]) meters), new SqlArrayValue("int8", (Object[]) lateness))
			.update();
	}

	/**
	 * Counts a batch of push outcomes: one upsert per (hour, kind, outcome, reason) the
	 * batch holds, not one per push, in a fixed order so concurrent batches never
	 * deadlock on the counters.
	 */
	public void pushed(List<PushOutcome> outcomes) {
		Map<List<Object>, Long> counts = new TreeMap<>(Comparator.comparing(Object::toString));
		for (PushOutcome outcome : outcomes) {
			String reason = (outcome.reason() != null) ? outcome.reason() : "";
			if (reason.length() > MAX_REASON_LENGTH) {
				reason = reason.substring(0, MAX_REASON_LENGTH);
			}
			List<Object> key = List.of(ts(outcome.occurredAt().truncatedTo(ChronoUnit.HOURS)),
					(outcome.kind() != null) ? outcome.kind().wireName() : "", outcome.outcome().name(), reason);
			counts.merge(key, 1L, Long::sum);
		}
		this.batches.batchUpdate("""
				insert into push_outcomes (hour, kind, outcome, reason, count) values (?, ?, ?, ?, ?)
				on conflict (hour, kind, outcome, reason) do update set count = push_outcomes.count + excluded.count
				""", counts.entrySet().stream().map((entry) -> {
			List<Object> key = entry.getKey();
			return new Object[] { key.get(0), key.get(1), key.get(2), key.get(3), entry.getValue() };
		}).toList());
	}

	/**
	 * Serialises the writes about these users with their deletion (the user stream and
	 * the others are consumed concurrently): an event applied while the deletion commits
	 * either sees the tombstone or is pseudonymised by it. Hold within the transaction.
	 */
	private void lockUsers(java.util.Collection<UUID> users) {
		// One statement for a whole batch (it was one per receiver); the array is sorted
		// here, so every transaction takes its locks in the same order.
		this.jdbc.sql("select pg_advisory_xact_lock(?, hashtext(u::text)) from unnest(?::uuid[]) u")
			.params(USER_LOCK, users.stream().distinct().sorted().toArray(UUID[]::new))
			.query((rs) -> {
			});
	}

	private static Timestamp ts(Instant instant) {
		return Timestamp.from(instant);
	}

}
