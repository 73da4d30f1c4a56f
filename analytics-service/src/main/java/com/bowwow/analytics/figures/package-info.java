/**
 * The operator figures of the contract ({@code /api/v1/analytics/stats},
 * {@code /signals/activity}, {@code /users/activity}), computed from analytics-service's
 * own tables only, so they stay available when the other services are down.
 */
package com.bowwow.analytics.figures;
