/**
 * The operator dashboard at {@code /api/v1/analytics/dashboard}: a login form for the
 * operator token, a signed session cookie (never the token itself), one data endpoint and
 * static pages that draw the charts with Chart.js from the jar.
 */
package com.bowwow.analytics.dashboard;
