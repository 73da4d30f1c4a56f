/**
 * Rate limits at the edge, shared by every gateway task through Redis: per client IP
 * before authentication (with a stricter budget for registration) and per user after it.
 */
package com.bowwow.gateway.ratelimit;
