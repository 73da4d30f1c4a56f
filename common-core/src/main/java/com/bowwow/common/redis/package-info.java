/**
 * Small helpers for the services' own Redis use.
 */
package com.bowwow.common.redis;
