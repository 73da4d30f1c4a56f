/**
 * push-service: turns signal arrivals into Apple push notifications, durably.
 */
package com.bowwow.push;
