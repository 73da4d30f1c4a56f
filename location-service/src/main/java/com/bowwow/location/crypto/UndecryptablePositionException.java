package com.bowwow.location.crypto;

/** A stored position that this instance cannot open (unknown key or tampered value). */
public class UndecryptablePositionException extends RuntimeException {

	public UndecryptablePositionException(String message) {
		super(message);
	}

}
