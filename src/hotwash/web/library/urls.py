from django.urls import path

from hotwash.web.library import views

urlpatterns = [
    path("library/", views.library_index, name="library_index"),
    path("library/feed.atom", views.atom_feed, name="library_feed"),
    path("library/feed", views.feed_settings, name="library_feed_settings"),
    path("library/similar/<int:pk>", views.similar_block, name="library_similar"),
    path("library/similar/<int:pk>/decide", views.similar_decide, name="library_similar_decide"),
    path("library/access/<int:pk>", views.access, name="library_access"),
    path("p/<str:ref>", views.permalink, name="permalink"),
    path("p/<str:ref>/export.<str:fmt>", views.export, name="library_export"),
]
