/**
 * Answering a signal: a response wave addressed to the original sender alone.
 */
package com.bowwow.signal.responding;
