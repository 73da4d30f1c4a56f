/**
 * What push-service tells other services: the outcome of every push it was asked for.
 */
package com.bowwow.push.api;
