/**
 * Starting signals: who may send, how far, and how often.
 */
package com.bowwow.signal.sending;
