/**
 * The operators' safety figures ({@code /api/v1/analytics/safety} and the dashboard's
 * Safety section): reports per reason, the most-reported users, suspensions in force and
 * blocks made, from analytics-service's own tables. Who reported whom, report notes and
 * suspension reasons are never kept here.
 */
package com.bowwow.analytics.safety;
