package com.bowwow.common.events;

import java.time.Clock;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Creates consumers. A service subscribes once per stream, with its own group name, and
 * declares the result as a bean (the listener switches over the stream's sealed event
 * family):
 *
 * <pre>
 * &#64;Bean
 * EventSubscription userEvents(EventSubscriptions subscriptions, JsonMapper json, UserEventsConsumer consumer) {
 *     return subscriptions.subscribe(UserEvents.DESCRIPTOR, "location-service", json, consumer::on);
 * }
 * </pre>
 */
public class EventSubscriptions {

	private final StringRedisTemplate redis;

	private final EventsProperties properties;

	private final String instanceName;

	private final Clock clock;

	private final EventMetrics metrics;

	private final ConsumerPositions positions;

	EventSubscriptions(StringRedisTemplate redis, EventsProperties properties, String applicationName, Clock clock) {
		this(redis, properties, applicationName, clock, EventMetrics.NONE);
	}

	EventSubscriptions(StringRedisTemplate redis, EventsProperties properties, String applicationName, Clock clock,
			EventMetrics metrics) {
		this(redis, properties, applicationName, clock, metrics, ConsumerPositions.NONE);
	}

	EventSubscriptions(StringRedisTemplate redis, EventsProperties properties, String applicationName, Clock clock,
			EventMetrics metrics, ConsumerPositions positions) {
		this.redis = redis;
		this.properties = properties;
		// Unique per process: a restarted instance is a new consumer, and whatever the
		// old one held is claimed after claim-idle.
		this.instanceName = applicationName + "-" + UUID.randomUUID().toString().substring(0, 8);
		this.clock = clock;
		this.metrics = metrics;
		this.positions = positions;
	}

	/**
	 * A consumer in the given group that reads each entry into its event record (see
	 * {@link EventStream#handler}: types this version does not know are acknowledged and
	 * skipped).
	 * @param stream the stream's descriptor, from its producer's {@code *-api} module
	 * @param group the consumer group, normally the service's name; one the descriptor
	 * declares
	 * @param json the application's mapper
	 * @param listener what to do with each event: switch over the stream's sealed family
	 * @return the subscription, started with the application context
	 */
	public <E extends StreamEvent> EventSubscription subscribe(EventStream<E> stream, String group, JsonMapper json,
			EventStream.Listener<? super E> listener) {
		if (!stream.consumers().contains(group)) {
			throw new IllegalArgumentException(group + " is not a declared consumer of " + stream.key() + " "
					+ stream.consumers() + ": add it to the stream's descriptor in its *-api module");
		}
		return subscribe(stream.key(), group, stream.handler(json, listener));
	}

	/**
	 * A consumer in the given group.
	 * @param stream the stream, e.g. {@code bowwow:events:user}
	 * @param group the consumer group, normally the service's name
	 * @param handler what to do with each event
	 * @return the subscription, started with the application context
	 */
	public EventSubscription subscribe(String stream, String group, EventHandler handler) {
		EventSubscription subscription = new EventSubscription(this.redis, stream, group, this.instanceName, handler,
				this.properties.consumer(), this.clock, this.metrics, this.positions);
		this.metrics.watch(subscription);
		return subscription;
	}

}
