/**
 * The live stream {@code GET /api/v1/locations/stream} (WebSocket; token in the
 * {@code Authorization} header or the {@code access_token} query parameter).
 *
 * <p>
 * Client messages: {@code subscribe} (radius in the caller's unit, clamped to the unit
 * maximum; replaces any earlier subscription), {@code unsubscribe}, {@code ping}. The
 * circle is always centred on the subscriber's own newest stored position and follows
 * their moves; {@code latitude}/{@code longitude} in a subscribe are the subscriber's
 * position update (reported now, the rules of {@code POST /api/v1/locations/update}),
 * never a centre elsewhere. A subscriber in offline mode is refused ({@code error}
 * {@code USER_OFFLINE}); one who goes offline while subscribed gets that error once and
 * their subscription ends (the socket stays open to subscribe again). Subscribes are rate
 * limited per user ({@code RATE_LIMITED}, checked before any database read). Server
 * messages, each with {@code type} and {@code timestamp}: {@code subscription_confirmed}
 * (with the centre: the subscriber's own position, null until they have one),
 * {@code pong}, {@code error} ({@code code}, {@code message}; the socket stays open),
 * {@code location_update} (distance, unit and direction from the subscriber's position to
 * the mover's privacy-grid cell centre, never coordinates; never blocked or suspended
 * users), {@code location_removed} (a user shown on this connection left the circle:
 * moved out, the subscriber moved away, offline, blocked, suspended, deleted or expired),
 * {@code signal_received}.
 *
 * <p>
 * Across instances: every accepted position change is published on the Redis channel of
 * the 1° area it lands in ({@code bowwow:location:moves:<row>:<column>}) and of the area
 * it left (its watchers' circles contain the cell they were shown, its own circles are
 * centred there); a move with no live previous position goes to
 * {@value com.bowwow.location.stream.StreamFanout#FIRST_MOVES_CHANNEL}, which every
 * instance hears. An instance subscribes only to the areas its connections' circles touch
 * (counted by {@link com.bowwow.location.stream.StreamViews}; a circle too wide for
 * tiles, near a pole or across the antimeridian, subscribes to the pattern of them all),
 * so it receives the moves it serves rather than every move, and matches each against the
 * circles registered on the move's tiles, each circle on the finest of four tile sizes
 * (0.25° down to about 400 m) where it spans at most 16 (a tile index, not a scan: a
 * quarter-mile circle is matched only by moves within about a kilometre). Only the
 * connections whose circle holds the move, and those showing the mover, go to the safety
 * check, so a move costs in proportion to those who see it. A move heard twice (two
 * areas, or the pattern) is shown once: a connection skips a move not newer than what it
 * shows. Blocks and suspensions consumed by one instance are announced on
 * {@value com.bowwow.location.stream.StreamFanout#HIDE_CHANNEL} so every instance sends
 * the {@code location_removed} they cause. Messages for one user
 * ({@code signal_received}) arrive on that user's own channel
 * ({@link com.bowwow.location.api.UserMessages#channelOf}), which an instance subscribes
 * to while it holds a connection of theirs, and go to those connections. A settings
 * change applied by the instance that consumed the event is announced on
 * {@value com.bowwow.location.stream.StreamFanout#SETTINGS_CHANNEL} so every instance
 * switches that user's open subscriptions to the new unit. Pub/sub is at most once: a
 * connection that is not open misses messages.
 *
 * <p>
 * Robustness: each connection has a bounded send queue drained by its own virtual thread,
 * so a slow client never stalls the fan-out or other clients; when the queue is full the
 * client is disconnected (close 1013, "try again later") rather than silently losing
 * messages, and reconnects to catch up. A blocked write is abandoned after the send
 * timeout. The server pings every heartbeat interval and closes connections silent for
 * longer than the idle timeout. A user may hold a limited number of connections per
 * instance; a new one beyond the cap closes their oldest (close 1008). On shutdown every
 * connection is closed with 1001 (going away) before the web server stops, so clients
 * reconnect to another instance during a rolling deploy.
 */
package com.bowwow.location.stream;
