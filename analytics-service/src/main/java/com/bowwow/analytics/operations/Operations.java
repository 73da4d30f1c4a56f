package com.bowwow.analytics.operations;

import java.time.Instant;
import java.util.List;

/**
 * The operational state of the system as the dashboard shows it, read now.
 *
 * @param checkedAt when it was read
 * @param streams each event stream with its consumer groups
 * @param services each service's figures from its Prometheus endpoint
 * @param waveLateness wave arrival lateness from signal-service's histogram
 */
public record Operations(Instant checkedAt, List<StreamState> streams, List<ServiceState> services,
		WaveLateness waveLateness) {

	/**
	 * @param stream the stream's key
	 * @param length entries in the stream (null when it does not exist)
	 * @param groups its consumer groups
	 */
	public record StreamState(String stream, Long length, List<GroupState> groups) {

	}

	/**
	 * @param group the consumer group (one per consuming service)
	 * @param lag entries never delivered to the group (null when Redis cannot say, e.g.
	 * after a trim)
	 * @param pending entries delivered and not yet acknowledged
	 * @param consumers consumers in the group
	 */
	public record GroupState(String group, Long lag, long pending, long consumers) {

	}

	/**
	 * @param service the service's name
	 * @param reachable whether its Prometheus endpoint answered
	 * @param problem why not, when it did not
	 * @param windowSeconds the span the rates cover; null when they cover the process's
	 * whole life (only one reading yet, or it restarted)
	 * @param requests HTTP requests answered in that span
	 * @param serverErrors of those, 5xx
	 * @param serverErrorPercent 5xx share of requests (null without requests)
	 * @param outboxBacklog committed events waiting for the relay (null: publishes none)
	 * @param deadLettered pushes dead-lettered since push-service started (others: null)
	 */
	public record ServiceState(String service, boolean reachable, String problem, Long windowSeconds, Long requests,
			Long serverErrors, Double serverErrorPercent, Long outboxBacklog, Long deadLettered) {

		static ServiceState unreachable(String service, String problem) {
			return new ServiceState(service, false, problem, null, null, null, null, null, null);
		}

	}

	/**
	 * @param windowSeconds the span covered; null for signal-service's whole life
	 * @param arrivals receipts in that span
	 * @param p50Ms median lateness, null without arrivals
	 * @param p95Ms 95th percentile, null without arrivals
	 */
	public record WaveLateness(Long windowSeconds, long arrivals, Double p50Ms, Double p95Ms) {

		static final WaveLateness NONE = new WaveLateness(null, 0, null, null);

	}

}
