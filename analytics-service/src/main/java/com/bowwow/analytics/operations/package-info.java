/**
 * What an operator on call looks at first, read where it lives without any new coupling
 * between services: consumer lag and pending entries from Redis ({@code XINFO GROUPS}),
 * and outbox backlog, 5xx rate, push dead letters and wave lateness from each service's
 * Prometheus endpoint on its management port.
 */
package com.bowwow.analytics.operations;
