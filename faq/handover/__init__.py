"""The hand-over: questions the bot cannot answer go to an office, and the answers come back."""
