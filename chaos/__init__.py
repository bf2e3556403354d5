"""`make chaos`: sandbox cases through the API while the stack's parts are killed and the
sources misbehave, then checks that no case was lost, wedged, duplicated or built differently."""
