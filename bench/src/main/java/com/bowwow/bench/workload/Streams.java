package com.bowwow.bench.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import com.bowwow.bench.load.ErrorLog;
import com.bowwow.bench.load.Latency;
import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.common.geo.PrivacyGrid;
import com.bowwow.common.id.UserId;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;

/**
 * K WebSocket subscribers through the gateway, one per user of the town population, each
 * subscribed to a circle around where it stands. Every message is timestamped (wall
 * clock, microseconds) the moment it is read, before parsing, and attributed: a
 * {@code location_update} to the move that caused it, a {@code signal_received} to its
 * wave and receiver, so lost and duplicate deliveries can be counted exactly.
 */
public final class Streams implements AutoCloseable {

	/** One per base URL; subscriber i connects to {@code clients[i % n]}. */
	private final List<HttpClient> clients;

	private final Population town;

	private final double radiusMeters;

	private final ErrorLog errors;

	private final String label;

	private final Disposable[] connections;

	/**
	 * Subscribers whose subscription was confirmed and whose connection is still open.
	 */
	private final java.util.concurrent.atomic.AtomicIntegerArray live;

	/** Where each subscriber's circle is centred: where it stood when it subscribed. */
	private final Coordinates[] centers;

	private final Map<UserId, Move> moves = new ConcurrentHashMap<>();

	private final Map<String, WaveRecord> waves = new ConcurrentHashMap<>();

	private final Map<UserId, Integer> indexOf = new ConcurrentHashMap<>();

	private final LongAdder confirmed = new LongAdder();

	private final LongAdder dropped = new LongAdder();

	private final LongAdder strayUpdates = new LongAdder();

	private final AtomicBoolean closing = new AtomicBoolean();

	private volatile Latency fanout = new Latency();

	private boolean offerCompression;

	/**
	 * @param gatewayUrl e.g. {@code http://localhost:28000}
	 * @param radiusMiles the radius each subscriber watches
	 */
	public Streams(String gatewayUrl, Population town, double radiusMiles, ErrorLog errors, String label) {
		this(List.of(gatewayUrl), town, radiusMiles, errors, label);
	}

	/**
	 * @param urls where subscribers connect, spread evenly (subscriber i to the i-th
	 * modulo their number), as a load balancer spreads them over tasks
	 * @param radiusMiles the radius each subscriber watches
	 */
	public Streams(List<String> urls, Population town, double radiusMiles, ErrorLog errors, String label) {
		this.clients = urls.stream()
			.map((url) -> HttpClient.create(ConnectionProvider.newConnection())
				.baseUrl(url.replaceFirst("^http", "ws"))
				.responseTimeout(Duration.ofSeconds(30)))
			.toList();
		this.town = town;
		this.radiusMeters = radiusMiles * 1_609.344;
		this.errors = errors;
		this.label = label + " " + Requests.STREAM;
		this.connections = new Disposable[town.size()];
		this.centers = new Coordinates[town.size()];
		this.live = new java.util.concurrent.atomic.AtomicIntegerArray(town.size());
		for (int i = 0; i < town.size(); i++) {
			this.indexOf.put(town.id(i), i);
		}
	}

	/**
	 * Opens every connection ({@code concurrency} handshakes at a time) and subscribes
	 * it; returns how many were confirmed.
	 */
	public long connect(int from, int to, int concurrency, double radiusMiles) {
		Flux.range(from, to - from)
			.flatMap((i) -> connect(i, radiusMiles).onErrorResume((ex) -> Mono.empty()), concurrency)
			.blockLast();
		return this.confirmed.sum();
	}

	/**
	 * Subscribers opened from now on offer permessage-deflate, as browsers do.
	 */
	public Streams offeringCompression(boolean offer) {
		this.offerCompression = offer;
		return this;
	}

	private Mono<Void> connect(int index, double radiusMiles) {
		Sinks.One<Void> subscribed = Sinks.one();
		this.centers[index] = this.town.position(index);
		String subscribe = Requests.subscribe(this.centers[index], radiusMiles);
		AtomicBoolean open = new AtomicBoolean();
		this.connections[index] = this.clients.get(index % this.clients.size())
			.websocket(
					WebsocketClientSpec.builder().maxFramePayloadLength(65_536).compress(this.offerCompression).build())
			.uri("/api/v1/locations/stream?access_token=" + this.town.token(index))
			.handle((in, out) -> {
				open.set(true);
				Mono<Void> receiving = in.aggregateFrames().receive().asString().doOnNext((text) -> {
					long at = Requests.nowMicros();
					onMessage(index, text, at, subscribed);
				}).then();
				return out.sendString(Mono.just(subscribe)).then().and(receiving);
			})
			.subscribe(null, (ex) -> {
				this.live.set(index, 0);
				this.errors.failure(this.label, ex);
				subscribed.tryEmitError(ex);
			}, () -> {
				this.live.set(index, 0);
				if (!this.closing.get()) {
					this.dropped.increment();
					this.errors.add(this.label, open.get() ? "closed by server" : "not opened");
				}
				subscribed.tryEmitEmpty();
			});
		return subscribed.asMono().timeout(Duration.ofSeconds(60)).doOnError((ex) -> {
			if (ex instanceof java.util.concurrent.TimeoutException) {
				this.errors.add(this.label, "no subscription_confirmed within 60 s");
			}
		});
	}

	private void onMessage(int index, String text, long atMicros, Sinks.One<Void> subscribed) {
		JsonNode message = Requests.parse(text);
		switch (message.path("type").asString("")) {
			case "subscription_confirmed" -> {
				confirmed(index);
				subscribed.tryEmitEmpty();
			}
			case "location_update" -> {
				Move move = this.moves.get(UserId.parse(message.get("userID").asString()));
				if (move == null) {
					this.strayUpdates.increment();
				}
				else {
					move.received(index, atMicros, this.fanout);
				}
			}
			case "signal_received" ->
				this.waves.computeIfAbsent(message.get("signalID").asString(), (id) -> new WaveRecord(this.town.size()))
					.arrived(index, atMicros);
			case "error" -> this.errors.add(this.label, "error message " + message.path("code").asString(""));
			default -> {
			}
		}
	}

	/** Subscriber {@code index} is subscribed around where it stood when it connected. */
	void confirmed(int index) {
		if (this.centers[index] == null) {
			this.centers[index] = this.town.position(index);
		}
		this.live.set(index, 1);
		this.confirmed.increment();
	}

	/** Whether subscriber {@code index} is connected and subscribed. */
	public boolean isLive(int index) {
		return this.live.get(index) == 1;
	}

	/**
	 * Connections that confirmed a subscription and are still open.
	 */
	public long connected() {
		long open = 0;
		for (int i = 0; i < this.live.length(); i++) {
			open += this.live.get(i);
		}
		return open;
	}

	public long dropped() {
		return this.dropped.sum();
	}

	/**
	 * Announces a move of town user {@code mover} to {@code to}, sent now: which
	 * subscribers must see it is computed with the service's own great-circle formula
	 * (subscribers within half a metre of their circle's edge are left out of the count
	 * either way).
	 */
	public Move expectMove(int mover, Coordinates to, long sentMicros) {
		Move move = new Move(mover, this.centers[mover], to, sentMicros, this.town.size());
		for (int s = 0; s < this.town.size(); s++) {
			if (s == mover || !isLive(s)) {
				continue;
			}
			// Others are seen at their cell centre (the location privacy rule).
			double meters = GreatCircle.distanceMeters(this.centers[s], PrivacyGrid.snap(to));
			if (Math.abs(meters - this.radiusMeters) < 0.5) {
				move.boundary.set(s);
			}
			else if (meters < this.radiusMeters) {
				move.expected.set(s);
			}
		}
		this.moves.put(this.town.id(mover), move);
		// The mover is a subscriber too, and a circle follows its subscriber (contract):
		// later moves are judged against where it is now.
		this.centers[mover] = to;
		return move;
	}

	/**
	 * Leaves out of the judgement each pair of a move and a subscriber whose own circle
	 * moved across it while it was under way: the subscriber's move and this one were in
	 * flight together (within {@code slackMicros}, for the pub/sub hand-off), the service
	 * may have applied them in either order, and the two orders disagree on whether the
	 * subscriber sees the move. Without this a race of the harness's own making counts as
	 * a lost or an unexpected delivery.
	 * @return how many pairs were left out
	 */
	public long settle(long slackMicros) {
		List<Move> all = new ArrayList<>(this.moves.values());
		long ambiguous = 0;
		for (Move move : all) {
			Coordinates cell = PrivacyGrid.snap(move.to);
			long from = move.sentMicros - slackMicros;
			long until = move.answeredMicros() + slackMicros;
			for (Move own : all) {
				if (own == move || own.from == null || own.sentMicros > until || own.answeredMicros() < from) {
					continue;
				}
				boolean before = GreatCircle.distanceMeters(own.from, cell) < this.radiusMeters;
				boolean after = GreatCircle.distanceMeters(own.to, cell) < this.radiusMeters;
				if (before != after && move.leaveOut(own.mover)) {
					ambiguous++;
				}
			}
		}
		return ambiguous;
	}

	public Latency fanoutLatency() {
		return this.fanout;
	}

	/**
	 * Forgets the moves announced so far and their latencies (a warm-up's): a delivery of
	 * one of them that comes later counts as a stray update, not judged.
	 */
	public void forgetMoves() {
		this.moves.clear();
		this.fanout = new Latency();
	}

	public long strayUpdates() {
		return this.strayUpdates.sum();
	}

	public WaveRecord wave(String signalId) {
		return this.waves.computeIfAbsent(signalId, (id) -> new WaveRecord(this.town.size()));
	}

	public List<Move> movesMade() {
		return new ArrayList<>(this.moves.values());
	}

	@Override
	public void close() {
		this.closing.set(true);
		for (Disposable connection : this.connections) {
			if (connection != null) {
				connection.dispose();
			}
		}
	}

	/** One move and who saw it. */
	public static final class Move {

		final int mover;

		/**
		 * Where the mover was before (their circle's centre until the service applies
		 * it).
		 */
		final Coordinates from;

		final Coordinates to;

		final long sentMicros;

		/** When the update was answered; never, as far as anyone knows, until then. */
		private volatile long answeredMicros = Long.MAX_VALUE;

		final BitSet expected;

		final BitSet boundary;

		private final BitSet seen;

		private int duplicates;

		Move(int mover, Coordinates from, Coordinates to, long sentMicros, int subscribers) {
			this.mover = mover;
			this.from = from;
			this.to = to;
			this.sentMicros = sentMicros;
			this.expected = new BitSet(subscribers);
			this.boundary = new BitSet(subscribers);
			this.seen = new BitSet(subscribers);
		}

		/** The service answered the update. */
		public void answered(long atMicros) {
			this.answeredMicros = atMicros;
		}

		long answeredMicros() {
			return this.answeredMicros;
		}

		/** Judges the subscriber neither way; whether it was judged before. */
		synchronized boolean leaveOut(int subscriber) {
			boolean judged = !this.boundary.get(subscriber);
			this.expected.clear(subscriber);
			this.boundary.set(subscriber);
			return judged;
		}

		synchronized void received(int subscriber, long atMicros, Latency latency) {
			if (this.seen.get(subscriber)) {
				this.duplicates++;
				return;
			}
			this.seen.set(subscriber);
			latency.recordMicros(atMicros - this.sentMicros);
		}

		public synchronized int expectedCount() {
			return this.expected.cardinality();
		}

		public synchronized int lost() {
			BitSet missing = (BitSet) this.expected.clone();
			missing.andNot(this.seen);
			return missing.cardinality();
		}

		/** Seen by subscribers whose circle does not hold the new position. */
		public synchronized int unexpected() {
			BitSet extra = (BitSet) this.seen.clone();
			extra.andNot(this.expected);
			extra.andNot(this.boundary);
			return extra.cardinality();
		}

		public synchronized int duplicates() {
			return this.duplicates;
		}

	}

	/** The arrivals of one wave at each subscriber (-1 = not arrived). */
	public static final class WaveRecord {

		private final long[] arrivedMicros;

		private int duplicates;

		private int arrivals;

		WaveRecord(int subscribers) {
			this.arrivedMicros = new long[subscribers];
			java.util.Arrays.fill(this.arrivedMicros, -1);
		}

		synchronized void arrived(int subscriber, long atMicros) {
			if (this.arrivedMicros[subscriber] >= 0) {
				this.duplicates++;
				return;
			}
			this.arrivedMicros[subscriber] = atMicros;
			this.arrivals++;
		}

		/** Subscribers it has reached so far. */
		public synchronized int arrivals() {
			return this.arrivals;
		}

		public synchronized long arrivedMicros(int subscriber) {
			return this.arrivedMicros[subscriber];
		}

		public synchronized int duplicates() {
			return this.duplicates;
		}

	}

}
